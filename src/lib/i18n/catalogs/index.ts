// Every catalog, one JSON file per area and language; keys are used as `area.key` (e.g. `dialog.copy`).
import type { Locale } from '../locales';
import enCommon from './en/common.json';
import frCommon from './fr/common.json';
import esCommon from './es/common.json';
import enAuth from './en/auth.json';
import frAuth from './fr/auth.json';
import esAuth from './es/auth.json';
import enLibrary from './en/library.json';
import frLibrary from './fr/library.json';
import esLibrary from './es/library.json';
import enSettings from './en/settings.json';
import frSettings from './fr/settings.json';
import esSettings from './es/settings.json';
import enDialog from './en/dialog.json';
import frDialog from './fr/dialog.json';
import esDialog from './es/dialog.json';
import enDashboard from './en/dashboard.json';
import frDashboard from './fr/dashboard.json';
import esDashboard from './es/dashboard.json';
import enAdmin from './en/admin.json';
import frAdmin from './fr/admin.json';
import esAdmin from './es/admin.json';
import enViewer from './en/viewer.json';
import frViewer from './fr/viewer.json';
import esViewer from './es/viewer.json';
import enErrors from './en/errors.json';
import frErrors from './fr/errors.json';
import esErrors from './es/errors.json';
import enApi from './en/api.json';
import frApi from './fr/api.json';
import esApi from './es/api.json';
import enOg from './en/og.json';
import frOg from './fr/og.json';
import esOg from './es/og.json';
import enImported from './en/imported.json';
import frImported from './fr/imported.json';
import esImported from './es/imported.json';
import enReport from './en/report.json';
import frReport from './fr/report.json';
import esReport from './es/report.json';
import enStats from './en/stats.json';
import frStats from './fr/stats.json';
import esStats from './es/stats.json';

type Area = Record<string, string>;
export const CATALOGS: Record<Locale, Record<string, Area>> = {
  en: { common: enCommon, auth: enAuth, library: enLibrary, settings: enSettings, dialog: enDialog, dashboard: enDashboard, admin: enAdmin, viewer: enViewer, errors: enErrors, api: enApi, og: enOg, imported: enImported, report: enReport, stats: enStats },
  fr: { common: frCommon, auth: frAuth, library: frLibrary, settings: frSettings, dialog: frDialog, dashboard: frDashboard, admin: frAdmin, viewer: frViewer, errors: frErrors, api: frApi, og: frOg, imported: frImported, report: frReport, stats: frStats },
  es: { common: esCommon, auth: esAuth, library: esLibrary, settings: esSettings, dialog: esDialog, dashboard: esDashboard, admin: esAdmin, viewer: esViewer, errors: esErrors, api: esApi, og: esOg, imported: esImported, report: esReport, stats: esStats },
};
