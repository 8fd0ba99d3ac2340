/** Texts of the Conciliación page and the dashboard's drift badge, kept apart from the panel's other messages. */
export const reconciliationMessages = {
  es: {
    reconciliationTitle: 'Conciliación',
    reconciliationExplain: 'Lo que factura Twilio cada día (UTC) frente a nuestras llamadas, con la diferencia explicada. Cada día lleva a sus llamadas.',
    account: 'Cuenta', month: 'Mes', day: 'Día', noAccounts: 'Aún no hay cuentas de Twilio: crea un espacio o sincroniza.',
    noLedgerDays: 'Sin datos de Twilio para este mes.',
    ledgerTwilio: 'Factura Twilio', ledgerOurs: 'Nuestras llamadas', ledgerUnclaimed: 'Números sin espacio',
    ledgerPending: 'Tramos sin precio', ledgerUnexplained: 'Sin explicar', viewCalls: 'Ver las llamadas del día',
    monthTotals: 'Total del mes',
    ledger_reconciled: 'Cuadrado', ledger_pending: 'Pendiente', ledger_drift: 'Descuadre',
    unclaimedNumbers: 'Números que no son de ningún espacio', noUnclaimedNumbers: 'Todos los números con llamadas pertenecen a un espacio.',
    number: 'Número', legs: 'Tramos', cost: 'Coste', days: 'Días',
    ledgerDriftDay: 'día con descuadre', ledgerDriftDays: 'días con descuadre',
  },
  en: {
    reconciliationTitle: 'Reconciliation',
    reconciliationExplain: "What Twilio bills each (UTC) day against our calls, with the difference explained. Each day leads to its calls.",
    account: 'Account', month: 'Month', day: 'Day', noAccounts: 'No Twilio accounts yet: create a workspace or run a sync.',
    noLedgerDays: 'No Twilio figures for this month.',
    ledgerTwilio: 'Twilio bill', ledgerOurs: 'Our calls', ledgerUnclaimed: 'Unclaimed numbers',
    ledgerPending: 'Unpriced legs', ledgerUnexplained: 'Unexplained', viewCalls: "View the day's calls",
    monthTotals: 'Month total',
    ledger_reconciled: 'Reconciled', ledger_pending: 'Pending', ledger_drift: 'Drift',
    unclaimedNumbers: 'Numbers no workspace claims', noUnclaimedNumbers: 'Every number with calls belongs to a workspace.',
    number: 'Number', legs: 'Legs', cost: 'Cost', days: 'Days',
    ledgerDriftDay: 'day with drift', ledgerDriftDays: 'days with drift',
  },
};
