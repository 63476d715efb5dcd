export class CliUsageError extends Error {
  override name = 'CliUsageError';
}
