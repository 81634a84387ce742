/** HTTP clients with the trust the SDK's HTTPS calls need. */
@NullMarked
package org.p2psip.client.http;

import org.jspecify.annotations.NullMarked;
