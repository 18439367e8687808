const ITEMS = ['Milk', 'Bread', 'Apples', 'Rice', 'Tomatoes', 'Dish soap', 'Stamps', 'Batteries (AA)']

/** What quick hide shows: an ordinary shopping list, nothing about the app. */
export function NeutralPage() {
  return (
    <main className="neutral-page">
      <h1>Shopping list</h1>
      <ul>
        {ITEMS.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </main>
  )
}
