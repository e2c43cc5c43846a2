import { type CommandSpec, parseInteger } from './command-spec';
import type { EmbeddedStore } from './embedded-store';
import { OK, RedisReplyError, type Reply, Status } from './reply';

/** `numkeys key… arg…` after the script or digest, checked with Redis's messages. */
function keysAndArgs([rawCount, ...rest]: string[]): { keys: string[]; argv: string[] } {
  const count = parseInteger(rawCount);
  if (count < 0n) throw new RedisReplyError("ERR Number of keys can't be negative");
  if (count > BigInt(rest.length)) {
    throw new RedisReplyError("ERR Number of keys can't be greater than number of args");
  }
  return { keys: rest.slice(0, Number(count)), argv: rest.slice(Number(count)) };
}

function evalCommand(readOnly: boolean): CommandSpec {
  return {
    arity: -3,
    noScript: true,
    run: (store, [source = '', ...rest]) => {
      const { keys, argv } = keysAndArgs(rest);
      return store.scripts.eval(source, keys, argv, readOnly);
    },
  };
}

function evalshaCommand(readOnly: boolean): CommandSpec {
  return {
    arity: -3,
    noScript: true,
    run: (store, [sha = '', ...rest]) => {
      const { keys, argv } = keysAndArgs(rest);
      return store.scripts.evalsha(sha, keys, argv, readOnly);
    },
  };
}

const SCRIPT_HELP = [
  'SCRIPT <subcommand> [<arg> ...] (the Upstash stand-in). Subcommands are:',
  'EXISTS <sha1> [<sha1> ...]: 1 or 0 for each digest, whether the script cache holds it.',
  'FLUSH [ASYNC|SYNC]: empty the script cache.',
  'KILL: stop the running script (none ever is: scripts run to the end before anything else).',
  'LOAD <script>: compile a script into the cache without running it; its digest.',
  'HELP: this text.',
];

function script(store: EmbeddedStore, [subcommand = '', ...args]: string[]): Reply {
  const name = subcommand.toUpperCase();
  const arity = (ok: boolean) => {
    if (!ok) {
      throw new RedisReplyError(
        `ERR wrong number of arguments for 'script|${subcommand.toLowerCase()}' command`,
      );
    }
  };
  switch (name) {
    case 'LOAD':
      arity(args.length === 1);
      return Buffer.from(store.scripts.load(args[0] ?? ''));
    case 'EXISTS':
      arity(args.length >= 1);
      return args.map((sha) => (store.scripts.exists(sha) ? 1 : 0));
    case 'FLUSH':
      if (args.length > 1 || (args[0] !== undefined && !/^(a?sync)$/i.test(args[0]))) {
        throw new RedisReplyError('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
      }
      store.scripts.flush();
      return OK;
    case 'KILL':
      arity(args.length === 0);
      // A script here runs synchronously to its end, so none is ever running when this arrives.
      throw new RedisReplyError('NOTBUSY No scripts in execution right now.');
    case 'HELP':
      arity(args.length === 0);
      return SCRIPT_HELP.map((line) => new Status(line));
    default:
      throw new RedisReplyError(`ERR unknown subcommand '${subcommand}'. Try SCRIPT HELP.`);
  }
}

/** Scripting, as Upstash offers it; none of these may be called from a script. */
export const SCRIPT_COMMANDS: Record<string, CommandSpec> = {
  EVAL: evalCommand(false),
  EVAL_RO: evalCommand(true),
  EVALSHA: evalshaCommand(false),
  EVALSHA_RO: evalshaCommand(true),
  SCRIPT: { arity: -2, noScript: true, run: script },
};
