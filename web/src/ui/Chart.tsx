// A uPlot chart (canvas, so it carries a text summary for screen readers). Time on x when `time` is set, else
// one bar per category. Loaded on its own (React.lazy) so uPlot stays out of the first route's bundle.
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

/** Label every category, or every 2nd, 3rd … when they do not fit (hours: every 6th, 12th, day). */
const CATEGORY_STEPS = [1, 2, 3, 4, 6, 12, 24, 48, 96, 168]

export interface ChartSeries {
  label: string
  values: Array<number | null>
  color: string
  /** Plot on the right axis (money beside counts). */
  right?: boolean
}

export interface ChartProps {
  title: string
  /** Unix seconds (time) or category labels. */
  x: number[] | string[]
  series: ChartSeries[]
  height?: number
}

export default function Chart({ title, x, series, height = 220 }: ChartProps) {
  const holder = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const time = typeof x[0] !== 'string'
  const labels = time ? [] : (x as string[])
  const xs = time ? (x as number[]) : labels.map((_, i) => i)
  const data: uPlot.AlignedData = [xs, ...series.map((s) => s.values)]
  const shape = `${time}|${series.map((s) => `${s.label}:${s.right ? 'r' : 'l'}`).join(',')}`

  // Rebuilt when the shape changes; new points only go through setData, so a growing chart keeps its state.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `shape` stands for the options built here
  useEffect(() => {
    const el = holder.current
    if (!el) return
    const bars = uPlot.paths.bars?.({ size: [0.6, 60] })
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height,
      scales: {
        // Categories sit on whole numbers; half a step either side keeps the first and last bars whole.
        x: time ? { time } : { time, range: (_u, min, max) => [min - 0.5, max + 0.5] },
        // Bars start at zero: a bar from an automatic baseline would exaggerate small differences.
        y: time ? {} : { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
        ...(series.some((s) => s.right) ? { r: {} } : {}),
      },
      axes: [
        time ? {} : { incrs: CATEGORY_STEPS, values: (_u, splits) => splits.map((i) => labels[i] ?? '') },
        {},
        ...(series.some((s) => s.right) ? [{ scale: 'r', side: 1 as const, grid: { show: false } }] : []),
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          fill: time ? undefined : s.color,
          scale: s.right ? 'r' : 'y',
          ...(time || !bars ? {} : { paths: bars, points: { show: false } }),
        })),
      ],
    }
    plot.current = new uPlot(opts, data, el)
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: el.clientWidth, height }))
    resize.observe(el)
    return () => {
      resize.disconnect()
      plot.current?.destroy()
      plot.current = null
    }
  }, [shape, height])

  useEffect(() => {
    plot.current?.setData(data)
  })

  const summary = series
    .map(
      (s) =>
        `${s.label}: ${s.values.reduce<number>((sum, v) => sum + (v ?? 0), 0).toLocaleString()} in total`,
    )
    .join('; ')
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={holder} role="img" aria-label={`${title}. ${summary}`} />
    </figure>
  )
}
