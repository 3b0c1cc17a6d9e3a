import { Badge } from '@mantine/core';

export type AgeBadgeProps = { minimumAge: number };

/** Marks an age-restricted item ("21+"); the ID check itself is a separate step. */
export function AgeBadge({ minimumAge }: AgeBadgeProps) {
  return (
    <Badge
      color="red"
      variant="filled"
      size="sm"
      radius="sm"
      title="Age restricted: check ID"
      data-testid="age-badge"
    >
      {minimumAge}+
    </Badge>
  );
}
