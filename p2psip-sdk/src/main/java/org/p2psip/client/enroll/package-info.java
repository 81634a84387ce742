/** Enrolment and renewal with the overlay CA, and the signed overlay configuration document. */
@NullMarked
package org.p2psip.client.enroll;

import org.jspecify.annotations.NullMarked;
