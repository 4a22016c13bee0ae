import { useEffect, useRef } from 'preact/hooks';

interface Bar {
  readonly label: string;
  readonly value: string;
}

/**
 * A bar chart of the change by period. Chart.js loads on first use (a chunk of its own, outside the
 * initial budget); a chart needs numbers, so the exact decimal strings become numbers only for drawing.
 */
export function DeltaChart({ bars, title }: { readonly bars: readonly Bar[]; readonly title: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let current = true;
    void import('chart.js/auto').then(({ default: Chart }) => {
      if (!current || !canvas.current) return;
      chart = new Chart(canvas.current, {
        type: 'bar',
        data: {
          labels: bars.map((bar) => bar.label),
          datasets: [
            { label: title, data: bars.map((bar) => Number.parseFloat(bar.value)), backgroundColor: '#2f6db5' },
          ],
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false },
      });
    });
    return () => {
      current = false;
      chart?.destroy();
    };
  }, [bars, title]);
  return (
    <figure class="chart">
      <div class="chart-box">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`${title}: ${bars.map((bar) => `${bar.label} ${bar.value}`).join(', ')}`}
        />
      </div>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
