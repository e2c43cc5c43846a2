export { isLiveCustomer } from './customers';
export { applyCrmProfileUpdates, type CrmProfileOutcome, type CrmProfileUpdate } from './profiles';
export {
  recordSupportTicket,
  type SupportTicketPriority,
  type SupportTicketRecord,
  type SupportTicketState,
  type SupportTicketStatus,
  supportTicketsOfOrder,
  type TicketOutcome,
  type TicketTarget,
  ticketTarget,
} from './support-tickets';
