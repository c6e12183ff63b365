/** Implementation of the fake restic: loopback protocol, client script, simulator. Not API. */
package io.github.restic4j.testkit.internal;
