/** A table's header row: one column header per label (amount columns right-aligned like their cells). */
export function ColumnHeads({
  labels,
  amounts = [],
}: {
  readonly labels: readonly string[];
  readonly amounts?: readonly string[];
}) {
  return (
    <thead>
      <tr>
        {labels.map((label) => (
          <th scope="col" key={label} class={amounts.includes(label) ? 'amount' : undefined}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
