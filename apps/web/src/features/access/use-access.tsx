// The caller's rights in the active client, for hiding or disabling what their role cannot do.
import { Tooltip } from '@mantine/core';
import type { Permission } from '@optionstrader/contracts';
import type { ReactNode } from 'react';
import { useSessionInfo } from '../auth/session';
import { allows, refusal, type Caller } from './permissions';

export function useCaller(): Caller {
  const { user, activeClient } = useSessionInfo();
  return { role: activeClient?.role ?? null, isAdmin: user.isAdmin };
}

export function useCan(permission: Permission): boolean {
  return allows(useCaller(), permission);
}

/**
 * A control the caller's role may not use: rendered disabled (children get `false`) inside a focusable wrapper whose
 * tooltip says why, e.g. "Viewers cannot approve recommendations". The server refuses it anyway.
 */
export function Guard({
  permission,
  action,
  children,
}: {
  permission: Permission;
  /** What the control does, completing "Viewers cannot …". */
  action: string;
  children: (allowed: boolean) => ReactNode;
}) {
  const allowed = useCan(permission);
  if (allowed) return children(true);
  const label = refusal(permission, action);
  return (
    <Tooltip label={label} events={{ hover: true, focus: true, touch: true }}>
      {/* A disabled button gets no pointer or focus events; its wrapper does, so the reason can be read. */}
      <span tabIndex={0} role="group" aria-label={label} data-testid="role-guard" style={{ display: 'inline-block' }}>
        {children(false)}
      </span>
    </Tooltip>
  );
}
