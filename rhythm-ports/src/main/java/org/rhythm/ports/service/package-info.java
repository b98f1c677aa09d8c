/**
 * The workflow service, the one caller of the driven ports: it loads a workflow and its task
 * records, lets the domain decide, applies the guarded transition through the store and, when it
 * won, carries out the commands through the broker. Also the reconciler that repairs what crashes
 * and other writers leave behind. Depends on the domain and the ports.
 */
package org.rhythm.ports.service;
