import { z } from 'zod';

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));

export const loginRequestSchema = z
  .strictObject({
    email: emailSchema,
    password: z.string().min(1).max(1024),
  })
  .describe('LoginRequest');
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const meSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string().nullable(),
    isAdmin: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .describe('Me');
export type Me = z.infer<typeof meSchema>;

export const loginResponseSchema = z.object({ user: meSchema }).describe('LoginResponse');
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const meResponseSchema = z.object({ user: meSchema }).describe('MeResponse');
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Passwords set through the API or CLI: long enough to resist guessing, short enough to hash fast. */
export const newPasswordSchema = z
  .string()
  .min(12, 'Password must be at least 12 characters')
  .max(256, 'Password must be at most 256 characters');
