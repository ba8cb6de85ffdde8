// The controller reaches components through context; useController re-renders on changes.

import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { Controller } from './controller';

/** Ctx carries the controller. */
export const Ctx = createContext<Controller | null>(null);

/** useController returns the controller and re-renders the caller after every change. */
export function useController(): Controller {
  const c = useContext(Ctx) as Controller;
  const [, setVersion] = useState(0);
  useEffect(() => c.subscribe(() => setVersion((v) => v + 1)), [c]);
  return c;
}
