/** Addresses are stored lower-case, so keys built from them (`<account>-<token>`) are unique. */
export function lower(value: `0x${string}`): `0x${string}` {
  return value.toLowerCase() as `0x${string}`;
}
