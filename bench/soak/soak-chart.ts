/** One sample of the service during the soak; rss and lag are empty while it is down (killed, restarting). */
export interface SoakSample {
  readonly seconds: number;
  readonly rssMiB: number | undefined;
  readonly lag: number | undefined;
  readonly acknowledged: number;
  readonly kills: number;
}

export function samplesCsv(samples: readonly SoakSample[]): string {
  const rows = samples.map((sample) =>
    [sample.seconds.toFixed(1), sample.rssMiB?.toFixed(1) ?? '', sample.lag ?? '', sample.acknowledged, sample.kills]
      .map(String)
      .join(','),
  );
  return ['seconds,rss_mib,projection_lag,acknowledged,kills', ...rows].join('\n') + '\n';
}

const width = 800;
const height = 220;
const margin = 50;

/** One panel: a polyline of `value` over time, its axis maximum, and the kills as dashed vertical lines. */
function panel(
  samples: readonly SoakSample[],
  value: (sample: SoakSample) => number | undefined,
  title: string,
  top: number,
): string {
  const seconds = Math.max(1, ...samples.map((sample) => sample.seconds));
  const highest = Math.max(0, ...samples.map((sample) => value(sample) ?? 0));
  const maximum = Math.max(1, highest);
  const x = (s: number) => margin + (s / seconds) * (width - 2 * margin);
  const y = (v: number) => top + height - (v / maximum) * (height - 40);
  // A gap in the line where the service was down, so a restart is not drawn as a value.
  const segments: string[][] = [[]];
  for (const sample of samples) {
    const v = value(sample);
    if (v === undefined) segments.push([]);
    else segments.at(-1)!.push(`${x(sample.seconds).toFixed(1)},${y(v).toFixed(1)}`);
  }
  const kills = samples.filter((sample, index) => index > 0 && sample.kills > samples[index - 1]!.kills);
  return [
    `<text x="${margin}" y="${top + 15}" font-size="13">${title} (max ${highest.toFixed(0)})</text>`,
    `<line x1="${margin}" y1="${top + height}" x2="${width - margin}" y2="${top + height}" stroke="#999"/>`,
    `<text x="${width - margin}" y="${top + height + 14}" font-size="11" text-anchor="end">` +
      `${seconds.toFixed(0)} s</text>`,
    ...kills.map(
      (sample) =>
        `<line x1="${x(sample.seconds).toFixed(1)}" y1="${top + 20}" x2="${x(sample.seconds).toFixed(1)}" ` +
        `y2="${top + height}" ` +
        'stroke="#d33" stroke-dasharray="3,3"/>',
    ),
    ...segments
      .filter((points) => points.length > 0)
      .map((points) => `<polyline fill="none" stroke="#2563eb" points="${points.join(' ')}"/>`),
  ].join('\n');
}

/** RSS and projection lag over the soak as one SVG, kills marked in red. */
export function samplesSvg(samples: readonly SoakSample[]): string {
  const total = 2 * (height + 30) + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" font-family="sans-serif">`,
    `<rect width="${width}" height="${total}" fill="white"/>`,
    panel(samples, (sample) => sample.rssMiB, 'Service RSS, MiB (red: kill -9)', 0),
    panel(samples, (sample) => sample.lag, 'Largest projection lag, events', height + 30),
    '</svg>',
    '',
  ].join('\n');
}
