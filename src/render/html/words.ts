/**
 * The report's own words (headings, states, labels gpreg writes), in the languages a GPMC report
 * comes in most: en-US, fr-FR and de-DE, as GPMC's localised reports word them. Template text
 * (names, explain texts, dialog labels) comes from the ADML files and is not translated here.
 */

import type { ReadState } from '../../policy/read.js';

/** What the settings report writes in its own words. */
export interface PageWords {
  /** The page's language tag (`<html lang>`). */
  lang: string;
  computer: string;
  user: string;
  otherKeys: string;
  administrativeTemplates: string;
  extraRegistrySettings: string;
  policy: string;
  setting: string;
  options: string;
  supportedOn: string;
  explain: string;
  contents: string;
  findings: string;
  notConfigured: string;
  states: Readonly<Record<ReadState, string>>;
}

const EN: PageWords = {
  lang: 'en',
  computer: 'Computer Configuration',
  user: 'User Configuration',
  otherKeys: 'Other keys',
  administrativeTemplates: 'Administrative Templates',
  extraRegistrySettings: 'Extra Registry Settings',
  policy: 'Policy',
  setting: 'Setting',
  options: 'Options',
  supportedOn: 'Supported on',
  explain: 'Explain',
  contents: 'Contents',
  findings: 'Findings',
  notConfigured: 'Not configured',
  states: { enabled: 'Enabled', disabled: 'Disabled', notConfigured: 'Not Configured', unknown: 'Unknown' },
};

const FR: PageWords = {
  lang: 'fr-FR',
  computer: "Configuration de l'ordinateur",
  user: "Configuration de l'utilisateur",
  otherKeys: 'Autres clés',
  administrativeTemplates: "Modèles d'administration",
  extraRegistrySettings: 'Paramètres de Registre supplémentaires',
  policy: 'Stratégie',
  setting: 'Paramètre',
  options: 'Options',
  supportedOn: 'Pris en charge sur',
  explain: 'Explication',
  contents: 'Sommaire',
  findings: 'Constats',
  notConfigured: 'Non configuré',
  states: { enabled: 'Activé', disabled: 'Désactivé', notConfigured: 'Non configuré', unknown: 'Inconnu' },
};

const DE: PageWords = {
  lang: 'de-DE',
  computer: 'Computerkonfiguration',
  user: 'Benutzerkonfiguration',
  otherKeys: 'Andere Schlüssel',
  administrativeTemplates: 'Administrative Vorlagen',
  extraRegistrySettings: 'Zusätzliche Registrierungseinstellungen',
  policy: 'Richtlinie',
  setting: 'Einstellung',
  options: 'Optionen',
  supportedOn: 'Unterstützt auf',
  explain: 'Erklärung',
  contents: 'Inhalt',
  findings: 'Befunde',
  notConfigured: 'Nicht konfiguriert',
  states: { enabled: 'Aktiviert', disabled: 'Deaktiviert', notConfigured: 'Nicht konfiguriert', unknown: 'Unbekannt' },
};

/** The page words for a `--lang` tag: its language's (fr-*, de-*), else English. */
export function pageWords(lang: string | undefined): PageWords {
  const l = (lang ?? '').toLowerCase();
  return l.startsWith('fr') ? FR : l.startsWith('de') ? DE : EN;
}

/** English: the words of every page that says nothing of its language. */
export const ENGLISH: PageWords = EN;
