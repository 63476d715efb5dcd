// `optionstrader <command>`: the one binary for operators.
import { backtestCommand, backtestUsage } from './backtest.command';
import { calcCommand } from './calc.command';
import { doctorCommand, doctorUsage } from './doctor.command';
import { fakeGatewayCommand } from './fake-gateway.command';
import { migrateCommand } from './migrate.command';
import { serveCommand } from './serve.command';
import { runStrategiesCommand } from './run-strategies.command';
import { syncCommand } from './sync.command';
import { openBroker } from '../broker';
import { systemClock } from '../adapters/system-clock';
import { userAddCommand } from './user-add.command';
import { CliUsageError } from './cli-usage-error';

const usage = `Usage: optionstrader <command> [options]

Commands:
  serve [--port N] [--host H] [--roles http,worker,scheduler]
                                    Run the API and web UI, the job workers and the scheduler (all three by
                                    default; with DATABASE_URL, e.g. --roles worker in more processes)
  migrate                           Apply pending database migrations and exit
${doctorUsage}
  sync [--account CODE]             Sync accounts, positions, orders, executions and quotes from the broker
  run-strategies [--instance ID ...] [--no-sync]
                                    Sync, then run every enabled strategy instance (or the given ones) and print
                                    the runs and their new recommendations
${backtestUsage}
  user add --email E [--name N] [--admin] [--password P | --password-stdin]
                                    Create a user; without a password one is generated and printed
  fake-gateway [--port 4002] [--host 127.0.0.1]
                                    A TWS-protocol server backed by the demo sim: run the app with
                                    BROKER=ibkr against it to exercise the real IBKR adapter
  calc                              Option math on JSON lines from stdin, one JSON line out per input:
                                    {"op":"price"|"greeks"|"iv","style":"european"|"american","right":"call"|"put",
                                     "S":..,"K":..,"T":..,"r":..,"q":..,"sigma":..|"price":..}
  help                              Show this help

Configuration comes from the environment; see .env.example.`;

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serveCommand(rest);
      case 'migrate':
        return await migrateCommand(rest);
      case 'doctor':
        return await doctorCommand(rest);
      case 'sync':
        return await syncCommand(rest, {
          openBroker: async (config) => (await openBroker(config, systemClock)).broker,
        });
      case 'run-strategies':
        return await runStrategiesCommand(rest, { openBroker: (config) => openBroker(config, systemClock) });
      case 'calc':
        return await calcCommand(rest);
      case 'backtest':
        return await backtestCommand(rest);
      case 'fake-gateway':
        return await fakeGatewayCommand(rest);
      case 'user': {
        const [sub, ...args] = rest;
        if (sub === 'add') return await userAddCommand(args);
        throw new CliUsageError(`Unknown subcommand: user ${sub ?? ''}`.trim());
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${usage}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new CliUsageError(`Unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`optionstrader: ${error.message}\n\n${usage}\n`);
      return 2;
    }
    process.stderr.write(`optionstrader: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
