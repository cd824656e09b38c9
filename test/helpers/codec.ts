import { StateCodec } from '../../src/checker/StateCodec.ts';

/** A frontier codec; the tests need one, so an Immutable it does not know is an error here. */
export function codec(): StateCodec {
  const c = StateCodec.create();
  if (!c) throw new Error('the codec does not know this Immutable version');
  return c;
}
