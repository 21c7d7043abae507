import { ASSET_KINDS, BPS, type BundleManifest, MAX_PARENTS } from "@coherence/protocol";
import { type ChangeEvent, type FormEvent, useEffect, useState } from "react";

import { HashValue } from "../components/Address.tsx";
import { AssetLink } from "../components/AssetLink.tsx";
import { Notice } from "../components/Notice.tsx";
import { ScrollTable } from "../components/ScrollTable.tsx";
import { SkeletonBlock } from "../components/Skeleton.tsx";
import { WalletGate } from "../components/WalletGate.tsx";
import { useRegisterAsset } from "../hooks/useRegisterAsset.ts";
import {
  type BundleFolder,
  buildManifest,
  bundleFolder,
  folderManifest,
  type HashedBundle,
  hashBundle,
  MANIFEST_FIELDS,
  type ManifestField,
  manifestText,
  type PickedFile,
  withParents,
} from "../lib/bundleFolder.ts";
import { errorText } from "../lib/errorText.ts";
import { formatBps } from "../lib/format.ts";
import { routeHref } from "../lib/route.ts";

type Parent = { assetId: bigint; weightBps: number };

/** What the page knows of the chosen folder: its manifest (read or built) and its content hash, or what is wrong. */
type Bundle =
  | { status: "none" }
  | { status: "reading" }
  | { status: "no-manifest"; folder: BundleFolder }
  | { status: "ready"; folder: BundleFolder; manifest: BundleManifest; hashed: HashedBundle; built: boolean }
  | { status: "invalid"; message: string };

/**
 * Register a composable as its owner: choose its folder, see its content hash computed in the browser as
 * `ccn bundle hash` computes it, confirm or edit the lineage its manifest suggests (from `ccn bundle suggest`),
 * see the upstream share, and register through the same checks as `ccn asset register`.
 */
export default function RegisterPage() {
  const [bundle, setBundle] = useState<Bundle>({ status: "none" });
  const [parents, setParents] = useState<Parent[]>([]);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = [...(event.target.files ?? [])] as PickedFile[];
    if (picked.length === 0) return;
    setBundle({ status: "reading" });
    try {
      const folder = bundleFolder(picked);
      const manifest = await folderManifest(folder);
      if (manifest === undefined) {
        setBundle({ status: "no-manifest", folder });
        return;
      }
      setBundle({ status: "ready", folder, manifest, hashed: await hashBundle(manifest, folder), built: false });
      setParents(manifest.parents.map((p) => ({ assetId: p.assetId, weightBps: p.weightBps })));
    } catch (error) {
      setBundle({ status: "invalid", message: errorText(error) });
    }
  };

  return (
    <>
      <h1>Register a composable</h1>
      <p className="muted">
        Register your work as an asset: its content hash makes it yours to point to, and its lineage sends a share of
        its revenue to the work it was built from. Everything is checked here first; nothing is sent until you confirm
        in your wallet.
      </p>
      <section className="panel" aria-labelledby="folder-title">
        <h2 id="folder-title">1. The composable's folder</h2>
        <p>
          Choose the folder that holds its <code>coherence.bundle.json</code> (scaffold one with{" "}
          <code>npm run ccn -- bundle init</code>, suggest its parents with <code>ccn bundle suggest</code>). Files are
          read in your browser and never uploaded.
        </p>
        <label className="field">
          <span>Folder</span>
          <input
            type="file"
            data-testid="bundle-folder"
            // The directory picker: each file comes with its path below the chosen folder.
            {...{ webkitdirectory: "", directory: "" }}
            multiple
            onChange={(e) => void choose(e)}
          />
        </label>
        {bundle.status === "reading" ? <SkeletonBlock lines={3} label="Hashing the folder" /> : null}
        {bundle.status === "invalid" ? (
          <Notice tone="error" title="This bundle cannot be registered" testId="bundle-invalid" focus>
            <p>{bundle.message}</p>
          </Notice>
        ) : null}
        {bundle.status === "no-manifest" ? (
          <BuildManifest
            folder={bundle.folder}
            onBuilt={async (manifest) =>
              setBundle({
                status: "ready",
                folder: bundle.folder,
                manifest,
                hashed: await hashBundle(manifest, bundle.folder),
                built: true,
              })
            }
          />
        ) : null}
      </section>
      {bundle.status === "ready" ? (
        <>
          <ContentHash bundle={bundle} />
          <Lineage parents={parents} onChange={setParents} />
          <Register manifest={bundle.manifest} hashed={bundle.hashed} parents={parents} />
        </>
      ) : null}
    </>
  );
}

/** For a folder without a manifest: the fields of one, its content every file of the folder. */
function BuildManifest({ folder, onBuilt }: { folder: BundleFolder; onBuilt: (manifest: BundleManifest) => void }) {
  const [fields, setFields] = useState<Record<ManifestField, string>>({
    kind: "Code",
    name: folder.name,
    description: "",
    version: "1.0.0",
    licence: "MIT",
    repository: "",
  });
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      onBuilt(buildManifest(fields, folder));
      setProblem(undefined);
    } catch (error) {
      setProblem(errorText(error));
    }
  };
  return (
    <form onSubmit={submit} data-testid="build-manifest">
      <Notice tone="info" title="No coherence.bundle.json in this folder">
        <p>Describe the composable to build one; its content is the folder's {folder.files.size} file(s).</p>
      </Notice>
      <label className="field">
        <span>kind</span>
        <select value={fields.kind} onChange={(e) => setFields({ ...fields, kind: e.target.value })}>
          {ASSET_KINDS.map((kind) => (
            <option key={kind}>{kind}</option>
          ))}
        </select>
      </label>
      {MANIFEST_FIELDS.filter((field) => field !== "kind").map((field) => (
        <label className="field" key={field}>
          <span>{field}</span>
          <input value={fields[field]} onChange={(e) => setFields({ ...fields, [field]: e.target.value })} />
        </label>
      ))}
      {problem === undefined ? null : (
        <Notice tone="error" title="The manifest is not complete" testId="manifest-problem" focus>
          <p>{problem}</p>
        </Notice>
      )}
      <button type="submit" className="button-primary">
        Build the manifest
      </button>
    </form>
  );
}

/** The files hashed and the content hash, with a check against a hash the owner computed elsewhere. */
function ContentHash({ bundle }: { bundle: Extract<Bundle, { status: "ready" }> }) {
  const [expected, setExpected] = useState("");
  // A link to the built manifest, released when the manifest changes or the page goes.
  const [download, setDownload] = useState<string>();
  useEffect(() => {
    if (!bundle.built) return;
    const url = URL.createObjectURL(new Blob([manifestText(bundle.manifest)], { type: "application/json" }));
    setDownload(url);
    return () => {
      URL.revokeObjectURL(url);
      setDownload(undefined);
    };
  }, [bundle.built, bundle.manifest]);
  const wanted = expected.trim().toLowerCase();
  return (
    <section className="panel" aria-labelledby="hash-title">
      <h2 id="hash-title">2. Content hash</h2>
      <p>
        <strong>{bundle.manifest.name}</strong> {bundle.manifest.version} ({bundle.manifest.kind},{" "}
        {bundle.manifest.licence}): {bundle.manifest.description}
      </p>
      <p data-testid="content-hash">
        Content hash <HashValue value={bundle.hashed.contentHash} label="content hash" /> over{" "}
        {bundle.hashed.files.length} file(s)
      </p>
      {download !== undefined ? (
        <p>
          <a href={download} download="coherence.bundle.json" data-testid="download-manifest">
            Download coherence.bundle.json
          </a>{" "}
          and commit it beside the content, so anyone can hash it again.
        </p>
      ) : null}
      <ScrollTable label="Files hashed" columns={["Path", "keccak256 of its bytes"]}>
        {bundle.hashed.files.map((file) => (
          <tr key={file.path}>
            <td className="mono">{file.path}</td>
            <td>
              <HashValue value={file.hash} label={`hash of ${file.path}`} />
            </td>
          </tr>
        ))}
      </ScrollTable>
      <label className="field">
        <span>Expected content hash (optional: what ccn bundle hash printed)</span>
        <input
          className="mono"
          value={expected}
          data-testid="expected-hash"
          onChange={(e) => setExpected(e.target.value)}
        />
      </label>
      {wanted === "" ? null : wanted === bundle.hashed.contentHash ? (
        <Notice tone="success" title="The content hash matches" testId="hash-matches" />
      ) : (
        <Notice tone="error" title="The content hash does not match" testId="hash-mismatch">
          <p>
            The declared content hashes to {bundle.hashed.contentHash}, not {wanted}: the folder is not the content that
            was hashed. Do not register it until they agree.
          </p>
        </Notice>
      )}
    </section>
  );
}

/** The parents and their weights, as suggested by the manifest, editable; and what flows upstream. */
function Lineage({ parents, onChange }: { parents: Parent[]; onChange: (parents: Parent[]) => void }) {
  const [adding, setAdding] = useState("");
  const share = parents.reduce((sum, p) => sum + p.weightBps, 0);
  const set = (i: number, parent: Parent) => onChange(parents.map((p, j) => (j === i ? parent : p)));
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d+$/.test(adding)) return;
    onChange([...parents, { assetId: BigInt(adding), weightBps: 0 }]);
    setAdding("");
  };
  return (
    <section className="panel" aria-labelledby="lineage-title">
      <h2 id="lineage-title">3. Lineage</h2>
      <p>
        The registered assets this one was built from, with the share of its contributor pool each receives (in basis
        points: 100 bps = 1%). The manifest's weights are the suggestion; the decision is yours.
      </p>
      {parents.length === 0 ? (
        <p data-testid="no-parents">No parents: everything its pool receives goes to its own contributors.</p>
      ) : (
        <ScrollTable label="Parents" columns={["Parent", "Weight (bps)", "Share", "Remove"]}>
          {parents.map((parent, i) => (
            <tr key={parent.assetId.toString()} data-testid="parent-row">
              <td>
                <AssetLink id={parent.assetId} />
              </td>
              <td>
                <input
                  type="number"
                  min={1}
                  max={BPS}
                  value={parent.weightBps}
                  aria-label={`weight of asset ${parent.assetId} in bps`}
                  data-testid={`weight-${parent.assetId}`}
                  onChange={(e) => set(i, { ...parent, weightBps: Number(e.target.value) })}
                />
              </td>
              <td>{formatBps(parent.weightBps)}</td>
              <td>
                <button
                  type="button"
                  className="button-quiet"
                  onClick={() => onChange(parents.filter((_, j) => j !== i))}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </ScrollTable>
      )}
      {parents.length < MAX_PARENTS ? (
        <form onSubmit={add} className="inline-form">
          <label className="field">
            <span>Add a parent by asset id</span>
            <input
              inputMode="numeric"
              value={adding}
              data-testid="add-parent-id"
              onChange={(e) => setAdding(e.target.value.trim())}
            />
          </label>
          <button type="submit" className="button-quiet">
            Add
          </button>
        </form>
      ) : null}
      <p data-testid="upstream-share">
        Upstream share {formatBps(share)}: of every payment's contributor pool, {formatBps(share)} flows to its parents
        (and on through theirs), and its own contributors keep {formatBps(Math.max(0, BPS - share))}.
      </p>
    </section>
  );
}

/** The token URI, the wallet, and the registration with its outcome. */
function Register({
  manifest,
  hashed,
  parents,
}: {
  manifest: BundleManifest;
  hashed: HashedBundle;
  parents: Parent[];
}) {
  const tx = useRegisterAsset();
  const [uri, setUri] = useState("");
  let edited: BundleManifest | undefined;
  let problem: string | undefined;
  try {
    edited = withParents(manifest, parents);
  } catch (error) {
    problem = errorText(error);
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (edited === undefined || uri.trim() === "") return;
    void tx.register({ contentHash: hashed.contentHash, kind: edited.kind, uri: uri.trim(), parents: edited.parents });
  };
  const sending = tx.state.status === "checking" || tx.state.status === "sending";
  return (
    <section className="panel" aria-labelledby="register-title">
      <h2 id="register-title">4. Register</h2>
      {problem === undefined ? null : (
        <Notice tone="error" title="The lineage cannot be registered" testId="lineage-problem">
          <p>{problem}</p>
        </Notice>
      )}
      <WalletGate action="Registering" why="Connect the wallet of the account that will own the asset.">
        {(account) => (
          <form onSubmit={submit}>
            <label className="field">
              <span>Token URI: where its bundle manifest is published (ipfs://…, https://…)</span>
              <input value={uri} data-testid="asset-uri" required onChange={(e) => setUri(e.target.value)} />
            </label>
            <p>
              Registers from <span className="mono">{account}</span>, which becomes its owner. A verifier's authorship
              statement later marks it verified (<code>ccn authorship claim</code>).
            </p>
            <button
              type="submit"
              className="button-primary"
              data-testid="register"
              disabled={sending || edited === undefined || uri.trim() === ""}
            >
              {tx.state.status === "checking"
                ? "Checking with the registry…"
                : tx.state.status === "sending"
                  ? "Confirm in your wallet…"
                  : "Register"}
            </button>
          </form>
        )}
      </WalletGate>
      <div aria-live="polite">
        {tx.state.status === "registered" ? (
          <Notice tone="success" title={`Registered as asset #${tx.state.asset.assetId}`} testId="registered" focus>
            <p>
              Transaction <HashValue value={tx.state.asset.transactionHash} label="transaction hash" explorer="tx" />.{" "}
              <a href={routeHref({ name: "asset", id: tx.state.asset.assetId })}>
                See asset #{tx.state.asset.assetId.toString()}
              </a>
            </p>
          </Notice>
        ) : tx.state.status === "failed" ? (
          <Notice
            tone="error"
            title={tx.state.rejected ? "Signature rejected" : "Not registered"}
            testId={tx.state.rejected ? "register-rejected" : "register-refused"}
            focus
          >
            <p>{tx.state.message}</p>
            <button type="button" className="button-quiet" onClick={tx.reset}>
              Dismiss
            </button>
          </Notice>
        ) : null}
      </div>
    </section>
  );
}
