import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { MalformedTarballError } from "./errors.ts";
import { type TarballFilter, tarballFiles } from "./tarball.ts";

const everything: TarballFilter = { wanted: () => true, maxFileBytes: 1 << 20 };

async function read(path: string, filter = everything): Promise<[string, string][]> {
  const files: [string, string][] = [];
  for await (const file of tarballFiles(path, filter)) files.push([file.path, file.data.toString("utf8")]);
  return files.sort();
}

describe("tarballFiles", () => {
  const dir = mkdtempSync(join(tmpdir(), "tarball-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("reads the regular files of a package tarball, long names included, and passes over directories", async () => {
    const long = `${"nested-directory-name/".repeat(6)}file.js`;
    mkdirSync(join(dir, "package", long, ".."), { recursive: true });
    writeFileSync(join(dir, "package", "index.js"), "module.exports = 1;\n");
    writeFileSync(join(dir, "package", long), "export const deep = true;\n");
    for (const format of ["pax", "gnu"]) {
      const archive = join(dir, `${format}.tgz`);
      execFileSync("tar", ["-czf", archive, `--format=${format}`, "-C", dir, "package"]);
      assert.deepEqual(
        await read(archive),
        [
          ["package/index.js", "module.exports = 1;\n"],
          [`package/${long}`, "export const deep = true;\n"],
        ],
        format,
      );
      assert.deepEqual(
        await read(archive, { wanted: (path) => path.endsWith("index.js"), maxFileBytes: 1 << 20 }),
        [["package/index.js", "module.exports = 1;\n"]],
        "a file not wanted is passed over",
      );
    }
  });

  test("names what is wrong with an archive it cannot read", async () => {
    writeFileSync(join(dir, "not.tgz"), "not gzip");
    await assert.rejects(read(join(dir, "not.tgz")), MalformedTarballError);
    const header = Buffer.alloc(512);
    header.write("package/a.js", 0);
    header.write("zz", 124);
    writeFileSync(join(dir, "octal.tgz"), gzipSync(header));
    await assert.rejects(read(join(dir, "octal.tgz")), /size "zz" is not octal/);
    const truncated = Buffer.alloc(512);
    truncated.write("package/a.js", 0);
    truncated.write("00000001000", 124);
    truncated.write("0", 156);
    writeFileSync(join(dir, "short.tgz"), gzipSync(Buffer.concat([truncated, Buffer.from("abc")])));
    await assert.rejects(read(join(dir, "short.tgz")), /runs past the end/);
  });

  test("reads a tarball of 100 MiB unpacked file by file: a file over the bound is passed over, memory stays bounded", async () => {
    const root = mkdtempSync(join(dir, "large-"));
    mkdirSync(join(root, "package", "lib"), { recursive: true });
    // 96 modules of 1 MiB less a little, and one 8 MiB bundle: several times typescript's 22 MB.
    const line = (i: number) => `export const value${i} = ${i} * 2 + ${i % 7};\n`;
    let module = "";
    for (let i = 0; module.length < (1 << 20) - 100; i++) module += line(i);
    for (let m = 0; m < 96; m++) writeFileSync(join(root, "package", "lib", `m${m}.js`), `// ${m}\n${module}`);
    writeFileSync(join(root, "package", "lib", "bundle.js"), module.repeat(8));
    const archive = join(dir, "large.tgz");
    execFileSync("tar", ["-czf", archive, "-C", root, "package"]);
    rmSync(root, { recursive: true, force: true });
    const before = process.memoryUsage().rss;
    let peak = before;
    const paths: string[] = [];
    for await (const file of tarballFiles(archive, everything)) {
      paths.push(file.path);
      assert.ok(file.data.length <= 1 << 20);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    assert.equal(paths.length, 96, "every module, not the 8 MiB bundle");
    assert.ok(!paths.includes("package/lib/bundle.js"));
    // The archive unpacks to 104 MiB; reading it holds a file or two (and garbage not yet collected), not the archive.
    assert.ok(peak - before < 64 << 20, `rss grew by ${Math.round((peak - before) / 1048576)} MiB`);
  });
});
