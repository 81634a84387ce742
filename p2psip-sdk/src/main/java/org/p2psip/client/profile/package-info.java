/** Identities and keys as files: profiles, conference credentials, PEM and PKCS#12. */
@NullMarked
package org.p2psip.client.profile;

import org.jspecify.annotations.NullMarked;
