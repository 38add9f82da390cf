// The states the transfer form offers, peers first: a state on Jeevan takes the case into its
// own Jeevan (docs/network.md), any other gets the nodal officer's e-mail. The peers come from
// GET /console/settings (JEEVAN_PEERS), asked once per page load.
import { useEffect, useState } from 'preact/hooks';
import { otherStates } from '../../../domain/states.js';
import { api } from './api.js';
import { homeProfile } from './profile.js';

let asked: Promise<string[]> | undefined;

/** Peer states first, then every other state, each once. */
export function transferStates(peers: readonly string[]): { code: string; peer: boolean }[] {
  return [
    ...peers.map((code) => ({ code, peer: true })),
    ...otherStates(homeProfile().code)
      .filter((s) => !peers.includes(s))
      .map((code) => ({ code, peer: false })),
  ];
}

export function usePeerStates(): string[] {
  const [peers, setPeers] = useState<string[]>([]);
  useEffect(() => {
    asked ??= api.get<{ peers?: string[] }>('/console/settings').then(
      (s) => s.peers ?? [],
      () => [],
    );
    let live = true;
    void asked.then((p) => live && setPeers(p));
    return () => {
      live = false;
    };
  }, []);
  return peers;
}
