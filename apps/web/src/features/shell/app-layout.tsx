// The signed-in frame: header (product, active client and role, user, log out), navbar (collapses behind a burger on
// phones; only the sections the caller may open), page outlet (or the "no client" state for a user in none).
import { ActionIcon, AppShell, Burger, Button, Group, NavLink, ScrollArea, Text, em } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { Link, Outlet, useLocation } from 'react-router';
import { roleLabels } from '../access/permissions';
import { useCaller } from '../access/use-access';
import { useLogout, useSessionInfo } from '../auth/session';
import { ClientSelector } from './client-selector';
import { ColorSchemeToggle } from './color-scheme-toggle';
import { isNavItemActive, needsNoClient, visibleNavItems } from './nav-items';
import { NoClientState } from './no-client-state';

/** Mantine's `sm` breakpoint; below it the navbar becomes a drawer. */
const NAVBAR_BREAKPOINT_PX = 768;

export function AppLayout() {
  const { user, activeClient } = useSessionInfo();
  const caller = useCaller();
  const logout = useLogout();
  const { pathname } = useLocation();
  const [navOpened, nav] = useDisclosure(false);
  const isMobile = useMediaQuery(`(max-width: ${em(NAVBAR_BREAKPOINT_PX - 0.1)})`) ?? false;

  const onLogout = () =>
    logout.mutate(undefined, {
      onError: (error) => notifications.show({ color: 'red', title: 'Could not log out', message: error.message }),
    });

  return (
    <AppShell
      header={{ height: 48 }}
      navbar={{ width: 220, breakpoint: NAVBAR_BREAKPOINT_PX, collapsed: { mobile: !navOpened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" gap="sm" wrap="nowrap" justify="space-between">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
              aria-expanded={navOpened}
              aria-controls="main-navigation"
            />
            <Text
              component={Link}
              to="/"
              fw={700}
              size="md"
              c="var(--mantine-color-text)"
              style={{ whiteSpace: 'nowrap' }}
            >
              OptionsTrader
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap" miw={0}>
            <ClientSelector />
            {/* On a phone the header has no room for it; the navbar shows it instead. */}
            <Text
              size="sm"
              c="dimmed"
              truncate="end"
              miw={0}
              title={user.email}
              visibleFrom="xs"
              data-testid="current-user-email"
            >
              {user.email}
            </Text>
            <ColorSchemeToggle />
            <Button
              variant="default"
              size="xs"
              onClick={onLogout}
              loading={logout.isPending}
              style={{ flexShrink: 0 }}
              visibleFrom="xs"
            >
              Log out
            </Button>
            {/* On a phone an icon: the header's room goes to the client's name. */}
            <ActionIcon
              variant="default"
              size="md"
              onClick={onLogout}
              loading={logout.isPending}
              aria-label="Log out"
              title="Log out"
              hiddenFrom="xs"
            >
              <svg
                width="16"
                height="16"
                viewBox="0 0 24 24"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
                aria-hidden="true"
              >
                <path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9" />
              </svg>
            </ActionIcon>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar
        id="main-navigation"
        aria-label="Main navigation"
        p="xs"
        // Collapsed on a phone the navbar is only moved off-screen; `inert` also takes it out of tab order and the a11y tree.
        inert={isMobile && !navOpened}
      >
        <AppShell.Section
          hiddenFrom="xs"
          px="sm"
          pb="xs"
          mb="xs"
          style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
        >
          <Text size="xs" c="dimmed">
            Signed in as
          </Text>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="navbar-user-email">
            {user.email}
          </Text>
          {activeClient && (
            <Text size="xs" c="dimmed" mt={4} style={{ overflowWrap: 'anywhere' }} data-testid="navbar-client">
              {roleLabels[activeClient.role]} in {activeClient.name}
            </Text>
          )}
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea}>
          {visibleNavItems(caller).map((item) => (
            <NavLink
              key={item.path}
              component={Link}
              to={item.path}
              label={item.label}
              active={isNavItemActive(item, pathname)}
              aria-current={isNavItemActive(item, pathname) ? 'page' : undefined}
              onClick={nav.close}
              py={6}
            />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>{activeClient || needsNoClient(pathname) ? <Outlet /> : <NoClientState />}</AppShell.Main>
    </AppShell>
  );
}
