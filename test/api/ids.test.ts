import { expect, it } from 'vitest';
import { newId } from '../../functions/shared/ids';

it('record ids are letters and digits only, so staff can pass them as arguments and spreadsheets show them as written', () => {
  const ids = Array.from({ length: 5_000 }, newId);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
  expect(new Set(ids).size).toBe(ids.length);
});
