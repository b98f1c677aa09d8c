/**
 * The REST API of rhythm_api (rhythm-api-contract.md §1) over the workflow ports: routes, JSON
 * shapes, request checks and bearer-token auth. Depends on the in-ports, Javalin, Jackson and
 * nimbus-jose-jwt.
 */
package org.rhythm.app.http;
