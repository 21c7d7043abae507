/** The forge intake the app reads, when `VITE_INTAKE_URL` names one (absent: its pages say it is not configured). */
import { intakeClient } from "../lib/intake.ts";
import { settings } from "./settings.ts";

export const intake = settings.intakeUrl === undefined ? undefined : intakeClient(settings.intakeUrl);
