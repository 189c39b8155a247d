/** `omnithread schema`: the JSON Schema of the canonical events. */
import { eventJsonSchema } from '../../events/json-schema.js';
import { EVENT_TYPES, type EventType } from '../../events/schemas.js';
import { type Command, EXIT, UsageError, noPositionals, parseCommandArgs, runGuarded } from '../args.js';

const USAGE = `Usage: omnithread schema [--type TYPE]

Prints the JSON Schema (draft 2020-12) of the events a producer may send: all of them, or one
event type. Validate producers' output against it in any language.

Options:
  --type TYPE  only this event type, one of:
${EVENT_TYPES.map((t) => `                 ${t}`).join('\n')}
  -h, --help   show this help
`;

/** The `schema` command. */
export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the JSON Schema of the canonical events',
  usage: USAGE,
  run(argv, io) {
    return runGuarded(schemaCommand, io, argv, async () => {
      const { values, positionals } = parseCommandArgs(argv, { type: { type: 'string' } });
      noPositionals(positionals);
      const type = values.type;
      if (type !== undefined && !(EVENT_TYPES as readonly string[]).includes(type)) {
        throw new UsageError(`unknown event type ${JSON.stringify(type)}; expected one of ${EVENT_TYPES.join(', ')}`);
      }
      io.stdout(`${JSON.stringify(eventJsonSchema(type as EventType | undefined), null, 2)}\n`);
      return EXIT.ok;
    });
  },
};
