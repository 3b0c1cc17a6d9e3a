export type BarChartProps = {
  /** Bars in order: a label under each and a value (minor units or counts, not negative). */
  bars: { label: string; value: number }[];
  /** Text of a value, e.g. formatted money. */
  format: (value: number) => string;
  title: string;
  height?: number;
};

/** A dependency-free SVG bar chart, enough for a day or hour breakdown. */
export function BarChart({ bars, format, title, height = 180 }: BarChartProps) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = Math.max(320, bars.length * 36);
  const slot = width / Math.max(1, bars.length);
  const plot = height - 36;
  return (
    <svg
      role="img"
      aria-label={title}
      width="100%"
      viewBox={`0 0 ${width} ${height}`}
      style={{ maxWidth: 900 }}
    >
      <title>{title}</title>
      {bars.map((bar, i) => {
        const h = Math.round((bar.value / max) * plot);
        return (
          <g key={bar.label} transform={`translate(${i * slot}, 0)`}>
            <rect
              x={slot * 0.15}
              y={plot - h + 14}
              width={slot * 0.7}
              height={h}
              fill="var(--mantine-color-blue-6)"
            >
              <title>{`${bar.label}: ${format(bar.value)}`}</title>
            </rect>
            <text x={slot / 2} y={height - 6} textAnchor="middle" fontSize="10">
              {bar.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/**
 * A dependency-free SVG chart of horizontal bars, one row per item with its name on the left and
 * its formatted value on the right: for breakdowns with long names (categories, products, cashiers).
 * Negative values are drawn as empty bars.
 */
export function HorizontalBarChart({ bars, format, title }: Omit<BarChartProps, 'height'>) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 22;
  const width = 720;
  const labelWidth = 220;
  const valueWidth = 110;
  const plot = width - labelWidth - valueWidth;
  const height = Math.max(row, bars.length * row) + 4;
  return (
    <svg
      role="img"
      aria-label={title}
      width="100%"
      viewBox={`0 0 ${width} ${height}`}
      style={{ maxWidth: 900 }}
    >
      <title>{title}</title>
      {bars.map((bar, i) => {
        const w = Math.max(0, Math.round((bar.value / max) * plot));
        const name = bar.label.length > 34 ? `${bar.label.slice(0, 33)}…` : bar.label;
        return (
          <g key={i} transform={`translate(0, ${i * row + 2})`}>
            <text x={labelWidth - 8} y={row * 0.68} textAnchor="end" fontSize="11">
              {name}
            </text>
            <rect x={labelWidth} y={3} width={w} height={row - 6} fill="var(--mantine-color-teal-6)">
              <title>{`${bar.label}: ${format(bar.value)}`}</title>
            </rect>
            <text x={labelWidth + w + 6} y={row * 0.68} fontSize="11">
              {format(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
