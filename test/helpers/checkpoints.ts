import { afterEach, beforeEach } from 'vitest';
import { checkpoints } from '../../src/fold/component.js';

/** In the enclosing `describe`: every re-fold goes through a checkpoint, however short the prefix. */
export function checkpointEveryRefold(): void {
  const normal = checkpoints.minimum;
  beforeEach(() => {
    checkpoints.minimum = 1;
  });
  afterEach(() => {
    checkpoints.minimum = normal;
  });
}
