/**
 * Reading the front doors' input: the JSON a request, its grants and its key facts come as, the actions and
 * times they name, checked for shape and range and turned into the simulator's types. The CLI and the
 * language server both read through here and both report an InputError's message as it is.
 */
export { InputError } from './inputError';
export { actionPatternsFrom, requestActionFrom } from './actions';
export { grantsFromJson, type GrantJson } from './grantsJson';
export { contextFromJson, identityPoliciesFromJson, keyStateFrom, REQUEST_FIELDS, requestFromJson, simulationRequest, type RequestJson } from './requestJson';
export { KEY_FACT_FORMS, keyFactFrom, keyFactProblem, keyFactsFrom, keyFrom, type KeyFact } from './keyFacts';
export { MAX_AGE_DAYS, requestTimeFrom, TIME_FORMS, windowTimeFrom } from './times';
