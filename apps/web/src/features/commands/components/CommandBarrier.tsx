import { useCommandBarrier } from '../hooks/useCommand.ts';

export type CommandBarrierProps = { name: string };

/**
 * Hides older commands while mounted. Render it as the FIRST child of a dialog: React runs the
 * effects of earlier siblings first and of children before parents, so commands of later siblings
 * are registered after (above) the barrier.
 */
export function CommandBarrier({ name }: CommandBarrierProps) {
  useCommandBarrier(name);
  return null;
}
