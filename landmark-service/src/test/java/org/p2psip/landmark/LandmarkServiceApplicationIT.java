package org.p2psip.landmark;

import org.p2psip.testsupport.ServiceHealthContract;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "p2psip.landmark.port=0")
class LandmarkServiceApplicationIT extends ServiceHealthContract {}
