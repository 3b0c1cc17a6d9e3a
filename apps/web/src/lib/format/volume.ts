/** A bottle size for people: 750 -> "750 ml", 1750 -> "1.75 L". */
export function formatVolume(ml: number): string {
  return ml >= 1000 ? `${ml / 1000} L` : `${ml} ml`;
}
