import { useId, useState } from 'react'

export interface DataTableRow {
  key: string
  /** The first cell names the row (a day); the rest are its figures. */
  cells: readonly string[]
}

/**
 * A chart's numbers as a real table, behind a disclosure button so the page stays short: a
 * screen reader reads the caption and the headers, a keyboard reaches it with Tab.
 */
export function DataTable({
  caption,
  columns,
  rows,
}: {
  caption: string
  columns: readonly string[]
  rows: readonly DataTableRow[]
}) {
  const [open, setOpen] = useState(false)
  const id = useId()
  return (
    <div className="data-table">
      <button
        type="button"
        className="button button--quiet button--small"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide the data table' : 'Show the data table'}
      </button>
      <div id={id} className="data-table__scroll" hidden={!open}>
        {rows.length === 0 ? (
          <p className="hint">Nothing logged in this period.</p>
        ) : (
          <table>
            <caption>{caption}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  {row.cells.map((cell, index) =>
                    index === 0 ? (
                      <th key={index} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={index}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  )
}
