import pino from 'pino';
import { loadConfig } from '../config';
import { createContainer } from '../container';
import { loggerOptions } from '../logger';
import { cryptoTokenGenerator } from '../adapters/crypto-token-generator';
import { CliUsageError } from './cli-usage-error';
import { parseOptions } from './parse';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export async function userAddCommand(args: string[]): Promise<number> {
  const values = parseOptions(args, {
    email: { type: 'string' },
    name: { type: 'string' },
    admin: { type: 'boolean', default: false },
    password: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
  });
  if (!values.email) throw new CliUsageError('user add needs --email');
  if (values.password !== undefined && values['password-stdin']) {
    throw new CliUsageError('give either --password or --password-stdin, not both');
  }
  const supplied = values['password-stdin'] ? await readStdin() : values.password;
  const password = supplied ?? cryptoTokenGenerator.newToken();

  const config = loadConfig();
  const container = await createContainer(
    config,
    pino(loggerOptions(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL)),
  );
  try {
    const result = await container.users.addUser({
      email: values.email,
      password,
      displayName: values.name ?? null,
      isAdmin: values.admin,
    });
    if (!result.ok) {
      process.stderr.write(`optionstrader: ${result.message}\n`);
      return result.reason === 'email_taken' ? 3 : 2;
    }
    process.stdout.write(
      `Created ${result.user.isAdmin ? 'admin' : 'user'} ${result.user.email} (${result.user.id})\n`,
    );
    if (supplied === undefined) process.stdout.write(`Generated password (shown only now): ${password}\n`);
    return 0;
  } finally {
    await container.close();
  }
}
