/** The owner dashboard (in progress). */
export default function MyAssetsPage() {
  return <h1>My assets</h1>;
}
