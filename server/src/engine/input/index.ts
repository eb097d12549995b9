/**
 * Reading the front doors' input: the JSON a request, its grants and its key facts come as, checked for
 * shape and turned into the simulator's types. The CLI and the language server both read through here and
 * both report an InputError's message as it is.
 */
export { InputError } from './inputError';
export { grantsFromJson, type GrantJson } from './grantsJson';
export { contextFromJson, identityPoliciesFromJson, keyStateFrom, REQUEST_FIELDS, requestFromJson, simulationRequest, type RequestJson } from './requestJson';
export { KEY_FACT_FORMS, keyFactProblem, keyFactsFrom, readTime, TIME_FORMS, type KeyFact } from './keyFacts';
