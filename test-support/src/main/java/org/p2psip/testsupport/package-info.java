@NullMarked
package org.p2psip.testsupport;

import org.jspecify.annotations.NullMarked;
