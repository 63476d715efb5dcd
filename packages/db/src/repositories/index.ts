import type {
  AppSettingsRepository,
  AuditRepository,
  SessionsRepository,
  UsersRepository,
} from '@optionstrader/application';
import type { Db } from '../client';
import { createAppSettingsRepository } from './app-settings.repository';
import { createAuditRepository } from './audit.repository';
import { createSessionsRepository } from './sessions.repository';
import { createUsersRepository } from './users.repository';

export interface Repositories {
  users: UsersRepository;
  sessions: SessionsRepository;
  audit: AuditRepository;
  appSettings: AppSettingsRepository;
}

export function createRepositories(db: Db): Repositories {
  return {
    users: createUsersRepository(db),
    sessions: createSessionsRepository(db),
    audit: createAuditRepository(db),
    appSettings: createAppSettingsRepository(db),
  };
}

export { createAppSettingsRepository, createAuditRepository, createSessionsRepository, createUsersRepository };
