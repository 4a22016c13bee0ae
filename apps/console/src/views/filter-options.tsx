/**
 * A filter's options, "any" first, the one in the URL selected. Preact sets `defaultValue` as a DOM property,
 * which a <select> does not have, so the selection is marked on its option instead.
 */
export function FilterOptions({ values, chosen }: { readonly values: readonly string[]; readonly chosen: string }) {
  return (
    <>
      <option value="" selected={chosen === ''}>
        any
      </option>
      {values.map((value) => (
        <option key={value} selected={value === chosen}>
          {value}
        </option>
      ))}
    </>
  );
}
