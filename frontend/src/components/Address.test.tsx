import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { OWNER, VERIFIER } from "../test/indexerRows.ts";
import { textOf } from "../test/markup.ts";
import { Address } from "./Address.tsx";

/** `<Address>` rendered inside a query client that already knows these forge names (as the indexer answered). */
function rendered(value: string, names: Record<string, string>) {
  const client = new QueryClient();
  for (const [account, name] of Object.entries(names)) client.setQueryData(["forgeName", account], name);
  return renderToStaticMarkup(
    <QueryClientProvider client={client}>
      <Address value={value} />
    </QueryClientProvider>,
  );
}

describe("Address", () => {
  test("shows login@forge beside an address with an active forge link", () => {
    const html = rendered(OWNER.toUpperCase().replace("0X", "0x"), { [OWNER]: "ada@github.com" });
    expect(html).toContain('class="forge-name"');
    expect(textOf(html)).toContain("ada@github.com");
  });

  test("shows the address alone where there is no link, and when no indexer can be asked", () => {
    expect(rendered(VERIFIER, { [OWNER]: "ada@github.com", [VERIFIER]: "" })).not.toContain("forge-name");
    expect(renderToStaticMarkup(<Address value={OWNER} />)).not.toContain("forge-name");
  });
});
