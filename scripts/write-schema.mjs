// Writes dist/schema.json (the JSON Schema of every event) from the built package, so producers in
// other languages can validate without running TypeScript. Shipped as `omnithread/schema.json`.
import { writeFileSync } from 'node:fs';
import { eventJsonSchema } from '../dist/index.js';

writeFileSync(new URL('../dist/schema.json', import.meta.url), `${JSON.stringify(eventJsonSchema(), null, 2)}\n`);
