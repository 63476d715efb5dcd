// One-line, password-free messages for the two ways the database can fail to open.

/** The URL as it is safe to print: the password (and any query string, which may carry one) removed. */
export function redactDatabaseUrl(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return '<unparseable URL>';
  }
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** The short reason in an error from pg/net/PGlite: its code when the message is empty (AggregateError). */
export function errorReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const message = error.message.replace(/\s+/g, ' ').trim();
  if (!message) return code ?? error.name;
  if (code && !message.includes(code)) return `${code}: ${message}`;
  return message;
}

export function unreachablePostgresMessage(databaseUrl: string, error: unknown): string {
  const reason = errorReason(error).split(databaseUrl).join(redactDatabaseUrl(databaseUrl));
  return `Cannot connect to the PostgreSQL server at DATABASE_URL (${redactDatabaseUrl(databaseUrl)}): ${reason}`;
}

export function unopenablePgliteMessage(directory: string, error: unknown): string {
  return `Cannot open the embedded database in DATA_DIR (${directory}): ${errorReason(error)}`;
}
