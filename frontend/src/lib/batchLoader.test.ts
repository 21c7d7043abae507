import { describe, expect, test } from "vitest";

import { batchLoader } from "./batchLoader.ts";

describe("batchLoader", () => {
  test("keys asked for in one tick are fetched in one call, a repeated key once; later keys in another", async () => {
    const calls: string[][] = [];
    const loader = batchLoader(async (keys) => {
      calls.push([...keys]);
      return new Map(keys.filter((k) => k !== "404").map((k) => [k, `value ${k}`]));
    });
    expect(await Promise.all([loader.load("1"), loader.load("2"), loader.load("1"), loader.load("404")])).toEqual([
      "value 1",
      "value 2",
      "value 1",
      undefined,
    ]);
    expect(await loader.load("3")).toBe("value 3");
    expect(calls).toEqual([["1", "2", "404"], ["3"]]);
  });

  test("a failed fetch rejects every key of its batch, and the next batch is asked afresh", async () => {
    let fail = true;
    const loader = batchLoader(async (keys) => {
      if (fail) throw new Error("indexer down");
      return new Map(keys.map((k) => [k, k]));
    });
    await expect(Promise.all([loader.load("1"), loader.load("2")])).rejects.toThrow("indexer down");
    fail = false;
    expect(await loader.load("1")).toBe("1");
  });
});
