// Typed errors of instrument parsing: bad input is refused with a reason, never guessed into a contract.

export class InvalidInstrumentError extends Error {
  override name = 'InvalidInstrumentError';
}

export class InvalidStrikeError extends InvalidInstrumentError {
  override name = 'InvalidStrikeError';
}

export class InvalidOccSymbolError extends InvalidInstrumentError {
  override name = 'InvalidOccSymbolError';
}

export class InvalidInstrumentKeyError extends InvalidInstrumentError {
  override name = 'InvalidInstrumentKeyError';
}
