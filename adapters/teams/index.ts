/** The Teams adapter's public face: the bot's start wires `createTeamsAdapter`; the scheduler sees `post`. */
export { createTeamsAdapter, MESSAGES_PATH, type TeamsAdapterOptions, type TeamsConfig } from './adapter.js';
export { type AdaptiveCard, CARD_BUDGET, renderCards } from './cards.js';
export { DEFAULT_RETRY, type RetryPolicy } from './delivery.js';
export { TeamsConversationGoneError, TeamsConversationUnknownError, TeamsDeliveryError } from './errors.js';
