import { QueryClientContext } from "@tanstack/react-query";
import { useContext } from "react";
import { mainnet } from "viem/chains";
import { useEnsName } from "wagmi";

import { targetChain } from "../config/chains.ts";
import { ENS_ENABLED } from "../config/wagmi.ts";
import { useForgeName } from "../hooks/useForgeName.ts";
import { type ExplorerKind, explorerPage } from "../lib/explorer.ts";
import { shortAddress } from "../lib/format.ts";
import { routeHref } from "../lib/route.ts";
import { CopyButton } from "./CopyButton.tsx";

/**
 * An address shortened to 0x1234…abcd, or its ENS name where one is set and ENS is configured, with its full value
 * in the title and for screen readers, a copy button, and (by default) a link to its contributor page; beside it
 * the forge account it is linked to (`login@forge`) where the indexer has an active forge link.
 */
export function Address({ value, link = true }: { value: string; link?: boolean }) {
  const text = ENS_ENABLED ? <EnsAddressText value={value} /> : <AddressText value={value} name={undefined} />;
  return (
    <span className="address">
      {link ? <a href={routeHref({ name: "contributors", address: value })}>{text}</a> : text}
      <ForgeNameBeside value={value} />
      <CopyButton text={value} label={`Copy address ${value}`} />
    </span>
  );
}

/**
 * The address's forge name, asked of the indexer through the app's query client; an address rendered without one
 * (a component alone, as static markup) shows none.
 */
function ForgeNameBeside({ value }: { value: string }) {
  return useContext(QueryClientContext) === undefined ? null : <ForgeName value={value} />;
}

function ForgeName({ value }: { value: string }) {
  const name = useForgeName(value);
  if (name === undefined) return null;
  return (
    <span className="forge-name" title={`linked forge account of ${value}`}>
      {name}
    </span>
  );
}

function AddressText({ value, name }: { value: string; name: string | undefined }) {
  return (
    <span className={name === undefined ? "mono" : undefined} title={value}>
      <span aria-hidden="true">{name ?? shortAddress(value)}</span>
      <span className="visually-hidden">{name === undefined ? value : `${name}, ${value}`}</span>
    </span>
  );
}

/** The address's ENS name from mainnet, once known; the short address until then and when it has none. */
function EnsAddressText({ value }: { value: string }) {
  const ens = useEnsName({ address: value as `0x${string}`, chainId: mainnet.id, query: { staleTime: 3_600_000 } });
  return <AddressText value={value} name={ens.data ?? undefined} />;
}

/** Addresses one a line, without links (signers, role holders); `none` when there is none. */
export function AddressLines({ values, none = "none" }: { values: readonly string[]; none?: string }) {
  if (values.length === 0) return <>{none}</>;
  return (
    <>
      {values.map((value) => (
        <span key={value} className="line">
          <Address value={value} link={false} />
        </span>
      ))}
    </>
  );
}

/** A 32-byte hash shortened, with copy, and with `explorer` a link to its page on the chain's block explorer. */
export function HashValue({
  value,
  label = "hash",
  explorer,
}: {
  value: string;
  label?: string;
  explorer?: ExplorerKind;
}) {
  const page = explorer === undefined ? undefined : explorerPage(targetChain, explorer, value);
  return (
    <span className="address">
      <span className="mono" title={value}>
        <span aria-hidden="true">{value.length > 18 ? `${value.slice(0, 10)}…${value.slice(-8)}` : value}</span>
        <span className="visually-hidden">{value}</span>
      </span>
      <CopyButton text={value} label={`Copy ${label} ${value}`} />
      {page === undefined ? null : (
        <a href={page.url} target="_blank" rel="noopener noreferrer" className="explorer-link">
          {page.name}
          <span className="visually-hidden">
            : {label} {value}
          </span>
        </a>
      )}
    </span>
  );
}
