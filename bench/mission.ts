// The peak alert rate the mission must carry: every Indian state and union territory
// together, not one. Derived from Uttar Pradesh's figures; pure, so the report prints the
// same derivation the code uses.

export interface MissionPeak {
  upAlerts: number;
  upPeriodDays: number;
  upPerDay: number;
  upPopulationM: number;
  indiaPopulationM: number;
  indiaPerDay: number;
  growthHeadroom: number;
  designPerDay: number;
  /** A whole design day's alerts arriving back to back within this many seconds. */
  burstWindowS: number;
  burstFactor: number;
  peakPerSecond: number;
  /** Open cases at once: design alerts a day × days a case stays open (follow-ups run a week). */
  openCasesDays: number;
  designOpenCases: number;
}

export function missionPeak(): MissionPeak {
  const upAlerts = 740; // January 2023 to June 2024 (docs/domain.md)
  const upPeriodDays = 547.5; // 18 months
  const upPerDay = upAlerts / upPeriodDays;
  const upPopulationM = 241; // Uttar Pradesh, 2024 projection
  const indiaPopulationM = 1430; // all 28 states and 8 union territories
  const indiaPerDay = upPerDay * (indiaPopulationM / upPopulationM);
  // More platforms and senders, per-capita rates above UP's (higher smartphone use elsewhere), growth.
  const growthHeadroom = 10;
  const designPerDay = indiaPerDay * growthHeadroom;
  // The worst burst we design for: a relay outage ends and a full design day's alerts arrive within 80 s.
  const burstWindowS = 80;
  const burstFactor = 86_400 / burstWindowS;
  const peakPerSecond = (designPerDay / 86_400) * burstFactor;
  const openCasesDays = 8; // a case stays open through its welfare checks (up to 7 days after sign-off)
  return {
    upAlerts,
    upPeriodDays,
    upPerDay: round2(upPerDay),
    upPopulationM,
    indiaPopulationM,
    indiaPerDay: round2(indiaPerDay),
    growthHeadroom,
    designPerDay: round2(designPerDay),
    burstWindowS,
    burstFactor: Math.round(burstFactor),
    peakPerSecond: round2(peakPerSecond),
    openCasesDays,
    designOpenCases: Math.ceil(designPerDay * openCasesDays),
  };
}

const round2 = (v: number) => Math.round(v * 100) / 100;
