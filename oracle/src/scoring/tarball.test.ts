import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { MalformedTarballError } from "./errors.ts";
import { readTarball } from "./tarball.ts";

describe("readTarball", () => {
  const dir = mkdtempSync(join(tmpdir(), "tarball-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("reads the regular files of a package tarball, long names included, and passes over directories", () => {
    const long = `${"nested-directory-name/".repeat(6)}file.js`;
    mkdirSync(join(dir, "package", long, ".."), { recursive: true });
    writeFileSync(join(dir, "package", "index.js"), "module.exports = 1;\n");
    writeFileSync(join(dir, "package", long), "export const deep = true;\n");
    for (const format of ["pax", "gnu"]) {
      const archive = join(dir, `${format}.tgz`);
      execFileSync("tar", ["-czf", archive, `--format=${format}`, "-C", dir, "package"]);
      const files = readTarball(readFileSync(archive));
      assert.deepEqual(
        files.map((f) => [f.path, f.data.toString("utf8")]).sort(),
        [
          ["package/index.js", "module.exports = 1;\n"],
          [`package/${long}`, "export const deep = true;\n"],
        ],
        format,
      );
    }
  });

  test("names what is wrong with an archive it cannot read", () => {
    assert.throws(() => readTarball(Buffer.from("not gzip")), MalformedTarballError);
    const header = Buffer.alloc(512);
    header.write("package/a.js", 0);
    header.write("zz", 124);
    assert.throws(() => readTarball(gzipSync(header)), /size "zz" is not octal/);
  });
});
