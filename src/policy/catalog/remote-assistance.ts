/**
 * Microsoft.Policies.RemoteAssistance (RemoteAssistance.admx), System > Remote Assistance.
 * Keys are written with the case the ADMX uses ("Software\policies\…").
 *
 * These are overlays: with templates loaded, the registry layout comes from the ADMX and only the
 * aliases, friendly option and item names, findings and notes come from here. Without templates
 * they are the whole definition; test/catalog-overlay.test.ts holds them against the real ADMX.
 */

import type { PolicyDefinition } from '../types.js';

const TS = 'Software\\policies\\Microsoft\\Windows NT\\Terminal Services';
const dword = (value: number) => ({ kind: 'decimal', value }) as const;

/** The firewall exceptions Remote Assistance needs; they live in other policies. */
const FIREWALL_NOTE =
  'Remote Assistance also needs firewall exceptions, set by other policies: on Windows Vista and later, TCP port 135, %WINDIR%\\System32\\msra.exe and %WINDIR%\\System32\\raserver.exe for the domain profile';

/** Configure Offer Remote Assistance: helpers may offer help without an invitation. */
export const RA_Unsolicit: PolicyDefinition = {
  name: 'RA_Unsolicit',
  aliases: ['offer-remote-assistance'],
  namespace: 'Microsoft.Policies.RemoteAssistance',
  displayName: 'Configure Offer Remote Assistance',
  category: 'System/Remote Assistance',
  class: 'Machine',
  key: TS,
  valueName: 'fAllowUnsolicited',
  enabledValue: dword(1),
  disabledValue: dword(0),
  elements: [
    {
      type: 'enum',
      id: 'RA_Unsolicit_Control_List',
      option: 'control',
      label: 'Permit remote control of this computer',
      valueName: 'fAllowUnsolicitedFullControl',
      required: true,
      default: 'full',
      items: [
        {
          id: 'full',
          label: 'Allow helpers to remotely control the computer',
          value: dword(1),
          finding: { severity: 'warning', code: 'POLICY_FULL_CONTROL', message: 'helpers may take full control of the computer, not only view it' },
        },
        { id: 'view', label: 'Allow helpers to only view the computer', value: dword(0) },
      ],
    },
    {
      type: 'list',
      id: 'RA_Unsolicit_DACL_Edit',
      option: 'helpers',
      label: 'Helpers (<Domain>\\<User> or <Domain>\\<Group>)',
      key: `${TS}\\RAUnsolicit`,
      itemFormat: 'account',
      emptyWarning: 'no helpers are listed, so nobody can offer Remote Assistance',
    },
  ],
  supportedOn: 'At least Windows XP Professional or Windows Server 2003',
  notes: [FIREWALL_NOTE],
};

/** Configure Solicited Remote Assistance: users may ask for help by invitation. */
export const RA_Solicit: PolicyDefinition = {
  name: 'RA_Solicit',
  aliases: ['solicited-remote-assistance'],
  namespace: 'Microsoft.Policies.RemoteAssistance',
  displayName: 'Configure Solicited Remote Assistance',
  category: 'System/Remote Assistance',
  class: 'Machine',
  key: TS,
  valueName: 'fAllowToGetHelp',
  enabledValue: dword(1),
  disabledValue: dword(0),
  elements: [
    {
      type: 'enum',
      id: 'RA_Solicit_Control_List',
      option: 'control',
      label: 'Permit remote control of this computer',
      valueName: 'fAllowFullControl',
      required: true,
      default: 'full',
      items: [
        { id: 'full', label: 'Allow helpers to remotely control the computer', value: dword(1) },
        { id: 'view', label: 'Allow helpers to only view the computer', value: dword(0) },
      ],
    },
    { type: 'decimal', id: 'RA_Solicit_ExpireValue_Edt', option: 'expiry', label: 'Maximum ticket time (value)', valueName: 'MaxTicketExpiry', minValue: 1, maxValue: 99, required: true },
    {
      type: 'enum',
      id: 'RA_Solicit_ExpireUnits_List',
      option: 'units',
      label: 'Maximum ticket time (units)',
      valueName: 'MaxTicketExpiryUnits',
      required: true,
      default: 'hours',
      items: [
        { id: 'minutes', label: 'Minutes', value: dword(0) },
        { id: 'hours', label: 'Hours', value: dword(1) },
        { id: 'days', label: 'Days', value: dword(2) },
      ],
    },
    {
      type: 'enum',
      id: 'RA_Solicit_Mailto_List',
      option: 'method',
      label: 'Method for sending email invitations',
      valueName: 'fUseMailto',
      required: true,
      default: 'mailto', // the ADML's defaultItem="1"
      items: [
        { id: 'mapi', label: 'Simple MAPI', value: dword(0) },
        { id: 'mailto', label: 'Mailto', value: dword(1) },
      ],
    },
  ],
  supportedOn: 'At least Windows XP Professional or Windows Server 2003',
  notes: [FIREWALL_NOTE],
};
