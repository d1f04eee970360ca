import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Stats } from "../../lib/dashboard-queries.ts";

const dayLabel = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });

/** Messages per day (Recharts: loaded on its own, after the page, to keep the first load small). */
export default function MessagesChart({ perDay }: { perDay: Stats["perDay"] }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={perDay} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="date" tickFormatter={dayLabel} tick={{ fontSize: 12 }} minTickGap={16} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
        <Tooltip labelFormatter={(v) => dayLabel(String(v))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="sent" name="Sent" stackId="m" fill="#7c3aed" radius={[0, 0, 0, 0]} />
        <Bar dataKey="failed" name="Failed" stackId="m" fill="#ef4444" radius={[4, 4, 0, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}
