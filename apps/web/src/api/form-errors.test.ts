import { describe, expect, test } from 'vitest';
import { ApiError } from './api-error';
import { fieldErrors, issuesByField } from './form-errors';

describe('fieldErrors', () => {
  test('issues on the form fields land beside them; the message is then not repeated', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'body.password: Required', [
      { path: 'body.password', message: 'Required to create a new user' },
      { path: 'body.email', message: 'Invalid email' },
      { path: 'body.email', message: 'Second issue on the same field' },
    ]);
    expect(fieldErrors(error, ['email', 'password', 'role'])).toEqual({
      fields: { password: 'Required to create a new user', email: 'Invalid email' },
      rest: null,
    });
  });

  test('an error with no issue on a field keeps its message for the form', () => {
    const error = new ApiError(409, 'LAST_OWNER', 'A client keeps at least one owner');
    expect(fieldErrors(error, ['role'])).toEqual({ fields: {}, rest: 'A client keeps at least one owner' });
    const other = new ApiError(400, 'VALIDATION_FAILED', 'query.x: bad', [{ path: 'query.x', message: 'bad' }]);
    expect(fieldErrors(other, ['x'])).toEqual({ fields: {}, rest: 'query.x: bad' });
  });

  test('no error, nothing to show', () => {
    expect(fieldErrors(null, ['email'])).toEqual({ fields: {}, rest: null });
  });
});

test('issuesByField keeps the first issue of each listed field', () => {
  const error = {
    issues: [
      { path: ['email'], message: 'Invalid email address' },
      { path: ['email'], message: 'Too long' },
      { path: ['password'], message: 'Password must be at least 12 characters' },
      { path: ['other'], message: 'Not a field of the form' },
    ],
  };
  expect(issuesByField(error, ['email', 'password'])).toEqual({
    email: 'Invalid email address',
    password: 'Password must be at least 12 characters',
  });
});
