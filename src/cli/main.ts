import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { checkCommand } from './commands/check.ts';
import { exploreCommand } from './commands/explore.ts';
import { faultsCommand } from './commands/faults.ts';
import { listCommand } from './commands/list.ts';
import { renderCommand } from './commands/render.ts';
import { replayCommand } from './commands/replay.ts';
import { sweepCommand } from './commands/sweep.ts';
import { testCommand } from './commands/test.ts';
import type { CliContext } from './CliContext.ts';
import { formatError } from './formatError.ts';
import type { Outcome } from './Outcome.ts';
import { progressLine } from './progressLine.ts';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The options every searching command takes (the contract's shared options). */
function searchFlags(cmd: Command, formats: string): Command {
  return cmd
    .option('--param <name=value>', 'a model parameter (repeatable); the value is JSON if it parses, else text', collect)
    .option('--strategy <bfs|dfs>', 'search order: bfs finds shortest counterexamples (default bfs)')
    .option('--max-depth <n>', 'do not expand states deeper than n steps (the initial state is step 1)')
    .option('--max-states <n>', 'stop after n distinct states')
    .option('--timeout <seconds>', 'stop after this many seconds')
    .option('--continue', 'keep searching after the first failure, until every property has a verdict')
    .option('--exact', 'keep every state and compare values, not only 64-bit fingerprints')
    .option('--symmetry', "explore one state per class of symmetric states (the model's declared symmetry)")
    .option('--frontier <encoded|objects>', 'how waiting states are held: encoded as bytes (default, compact) or as objects')
    .option('--workers <n|auto>', 'search on n threads sharing one visited set (breadth-first; default 1)')
    .option('--faults <classes>', 'protocols only: check under exactly these fault classes (none, loss, duplication, reordering, crash-stop, crash-recovery, partition, byzantine), joined with +')
    .option('--fault-budget <n>', 'with --faults: how many times each fault may happen (default 1)')
    .option('--fairness <preset>', 'protocols only: what liveness may assume (none, reliable, weak, fair-lossy, strong)')
    .option('--format <format>', `output: ${formats} (default text)`)
    .option('--shrink', 'drop counterexample steps the failure does not need (default with --strategy dfs)')
    .option('--no-shrink', 'show counterexamples exactly as the search found them')
    .option('--story', 'reorder independent steps so a counterexample switches between nodes as little as it can')
    .option('--out <dir>', 'write artifacts under dir/<model>/ (default out/)')
    .option('--no-out', 'write no artifacts');
}

/**
 * The CLI: thin wiring from commander to the commands. Every command returns an `Outcome`;
 * this function alone prints it and sets the exit code (Quint's single exit point).
 */
export async function main(argv: readonly string[]): Promise<void> {
  // A reader that stops early (`| head`) is not an error: stop quietly with the exit code.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const ctx: CliContext = {
    warn: (m) => process.stderr.write(`protocheck: ${m}\n`),
    ...(process.stderr.isTTY ? { progress: progressLine(process.stderr) } : {}),
  };
  let outcome: Outcome | undefined;
  const run = (command: () => Promise<Outcome>) => async () => {
    outcome = await command();
  };

  const program = new Command('protocheck')
    .description('An explicit-state model checker for small distributed protocols.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .showHelpAfterError('(run protocheck --help for usage)');

  searchFlags(program.command('check <model>').description('explore every reachable state; print verdicts and counterexamples'), 'text, json')
    .option('--no-lanes', 'print counterexamples without their lane diagram')
    .action(
    (model: string, opts) => run(() => checkCommand(model, opts, ctx))(),
  );
  program
    .command('replay <model> <path>')
    .description('re-execute a trace given as its action-index path (for example 0/2/1/0) and print it')
    .option('--param <name=value>', 'a model parameter (repeatable)', collect)
    .option('--faults <classes>', 'protocols only: the fault classes the path was found under (as check --faults)')
    .option('--fault-budget <n>', 'with --faults: how many times each fault may happen (default 1)')
    .option('--fairness <preset>', 'protocols only: the fairness preset the path was found under')
    .option('--loop <index>', 'a lasso: the index (from 0, as trace.loop in JSON) of the step where its cycle starts')
    .option('--format <format>', 'output: text, json (default text)')
    .action((model: string, path: string, opts) => run(() => replayCommand(model, path, opts, ctx))());
  program
    .command('render <model> [path]')
    .description('draw a trace given as its path as a sequence diagram (out/<model>/trace-<path>.dot and .svg), or with --graph the state graph of a small model')
    .option('--graph', 'draw the reachable state graph (up to 300 states), the path or else the first counterexample highlighted')
    .option('--param <name=value>', 'a model parameter (repeatable)', collect)
    .option('--faults <classes>', 'protocols only: the fault classes the path was found under (as check --faults)')
    .option('--fault-budget <n>', 'with --faults: how many times each fault may happen (default 1)')
    .option('--fairness <preset>', 'protocols only: the fairness preset the path was found under')
    .option('--loop <index>', 'a lasso: the index (from 0) of the step where its cycle starts (as replay --loop)')
    .option('--format <format>', 'print the drawing on stdout: dot, svg or ascii (the lane diagram); default: the lane diagram and where the files are')
    .option('--out <dir>', 'write the .dot and .svg under dir/<model>/ (default out/)')
    .option('--no-out', 'write no files')
    .action((model: string, path: string | undefined, opts) => run(() => renderCommand(model, path, opts, ctx))());
  searchFlags(
    program.command('sweep <model>').description('run check over every combination of --param name=LIST values (1,2,3 or 1..5 or all); print a table'),
    'text, md, json',
  ).action((model: string, opts) => run(() => sweepCommand(model, opts, ctx))());
  searchFlags(
    program
      .command('faults <model>')
      .description('check a protocol under each fault class (loss, duplication, reordering, crash-stop, crash-recovery, partition, byzantine); print a matrix')
      .option('--combine <classes>', 'also check this combination, joined with + (repeatable, e.g. loss+crash-stop)', collect),
    'text, md, json',
  ).action((model: string, opts) => run(() => faultsCommand(model, opts, ctx))());
  program
    .command('explore <model>')
    .description('serve an interactive explorer on a loopback address: click through the enabled actions, watch the diagram grow, open counterexamples')
    .option('--param <name=value>', 'a model parameter (repeatable)', collect)
    .option('--faults <classes>', 'protocols only: explore under exactly these fault classes (as check --faults)')
    .option('--fault-budget <n>', 'with --faults: how many times each fault may happen (default 1)')
    .option('--fairness <preset>', 'protocols only: the fairness preset liveness properties assume')
    .option('--port <n>', 'the port to serve on (default 7878; 0: any free port)')
    .option('--host <address>', 'a loopback address to serve on: 127.0.0.1 (default), ::1 or localhost')
    .option('--timeout <seconds>', 'how long "find counterexamples" may search (default 10)')
    .action((model: string, opts) => run(() => exploreCommand(model, opts, ctx))());
  program
    .command('test [models...]')
    .description('check the expectations models declare (verdicts, counts); for CI')
    .option('--format <format>', 'output: text, json (default text)')
    .action((models: string[], opts) => run(() => testCommand(models, opts, ctx))());
  program
    .command('list [dir]')
    .description('list the models of a folder (default models/) with parameters and properties')
    .option('--format <format>', 'output: text, json (default text)')
    .action((dir: string | undefined, opts) => run(() => listCommand(dir, opts, ctx))());
  program.version(version(), '--version', 'print the version');

  let exitCode: number;
  try {
    if (argv.length === 0) {
      program.outputHelp();
      exitCode = 2;
    } else {
      await program.parseAsync([...argv], { from: 'user' });
      if (outcome) {
        process.stdout.write(outcome.stdout.endsWith('\n') || outcome.stdout === '' ? outcome.stdout : `${outcome.stdout}\n`);
        exitCode = outcome.exitCode;
      } else exitCode = 0;
    }
  } catch (e) {
    ctx.progress?.(undefined);
    if (e instanceof CommanderError) {
      exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    } else {
      process.stderr.write(`${formatError(e, ctx.loaded)}\n`);
      exitCode = 2;
    }
  }
  process.exitCode = exitCode;
  // Exit as soon as stdout is flushed: tearing down a heap of millions of states takes seconds.
  process.stdout.write('', () => process.exit(exitCode));
}
